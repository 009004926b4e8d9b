kubectl get pods
kubectl describe pod {{ pod }}
kubectl delete pod {{ pod }}
kubectl create -f pod-web.yaml
sleep 5
kubectl get pods
