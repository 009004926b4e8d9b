kubectl delete replicaset {{ old_rs }} --cascade=orphan
kubectl get pods
