kubectl delete statefulset {{ set }}
kubectl apply -f sts.yaml
kubectl rollout status statefulset {{ set }}
