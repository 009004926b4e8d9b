kubectl get endpoints
