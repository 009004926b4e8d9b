kubectl scale statefulset {{ set }} --replicas={{ up }}
kubectl rollout status statefulset {{ set }}
kubectl delete statefulset {{ set }} --cascade=orphan
kubectl apply -f sts.yaml
kubectl rollout status statefulset {{ set }}
