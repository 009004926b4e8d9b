kubectl create -f pod.yaml
kubectl create -f ns.yaml
kubectl delete namespace {{ old_ns }}
