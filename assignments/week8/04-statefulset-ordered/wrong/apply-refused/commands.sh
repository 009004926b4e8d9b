kubectl apply -f sts.yaml
kubectl rollout status statefulset {{ set }} --timeout=30s
