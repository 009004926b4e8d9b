kubectl rollout status deployment {{ deploy }} --timeout=5s
kubectl get pods -l app={{ app }}
kubectl apply -f dp.yaml
kubectl rollout status deployment {{ deploy }}
