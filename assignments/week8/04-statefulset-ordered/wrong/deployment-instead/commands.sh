kubectl delete statefulset {{ set }} --cascade=orphan
kubectl apply -f sts.yaml
kubectl rollout status deployment {{ set }}
