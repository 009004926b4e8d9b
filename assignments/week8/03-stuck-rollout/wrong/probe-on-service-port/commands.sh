kubectl apply -f dp.yaml
kubectl rollout status deployment {{ deploy }} --timeout=90s
