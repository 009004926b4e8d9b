kubectl get pods -l app={{ app }} -o wide
kubectl delete statefulset {{ set }} --cascade=orphan
kubectl apply -f sts.yaml
kubectl rollout status statefulset {{ set }}
kubectl get pods -l app={{ app }} -o wide
