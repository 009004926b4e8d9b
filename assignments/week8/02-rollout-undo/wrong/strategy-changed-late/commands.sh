kubectl rollout history deployment {{ deploy }}
kubectl set image deployment {{ deploy }} node-web=whatwant/node-web:2.0 --record
kubectl rollout status deployment {{ deploy }}
kubectl set image deployment {{ deploy }} node-web=whatwant/node-web:3.0 --record
kubectl rollout status deployment {{ deploy }}
kubectl rollout history deployment {{ deploy }}
kubectl rollout undo deployment {{ deploy }} --to-revision=1
kubectl rollout status deployment {{ deploy }}
kubectl get replicasets -o wide
kubectl patch deployment {{ deploy }} -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'
