kubectl get pods --show-labels
kubectl delete replicaset {{ old_rs }} --cascade=orphan
kubectl create -f rs-new.yaml
kubectl get pods -o wide
