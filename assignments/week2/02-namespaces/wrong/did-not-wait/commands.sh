kubectl create -f ns.yaml
kubectl create -f pod.yaml
kubectl delete namespace {{ old_ns }} --wait=false
