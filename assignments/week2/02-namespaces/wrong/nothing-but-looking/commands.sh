kubectl get pods -A
kubectl get namespaces
