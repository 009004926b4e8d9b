kubectl get pods --show-labels
kubectl get endpoints
