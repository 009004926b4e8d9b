kubectl create -f ns.yaml
kubectl create -f pod.yaml
kubectl delete pod {{ pod }} -n {{ old_ns }}
