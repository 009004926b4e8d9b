kubectl rollout undo deployment {{ deploy }}
kubectl rollout status deployment {{ deploy }}
