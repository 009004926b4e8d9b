kubectl scale statefulset {{ set }} --replicas={{ up }}
kubectl rollout status statefulset {{ set }}
