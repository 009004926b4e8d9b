kubectl delete pod {{ pod }}
kubectl create -f pod-web.yaml
