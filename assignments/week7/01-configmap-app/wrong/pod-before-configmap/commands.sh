kubectl apply -f pod.yaml
kubectl get pods
