kubectl delete deployment {{ deploy }}
kubectl apply -f dp.yaml
kubectl rollout status deployment {{ deploy }}
