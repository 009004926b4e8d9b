kubectl apply -f svc-ext.yaml
kubectl get svc {{ service }}
kubectl exec -it {{ client }} -- nslookup {{ service }}
# Point the alias somewhere else; the client keeps using the same name.
kubectl apply -f svc-ext-switched.yaml
kubectl exec -it {{ client }} -- nslookup {{ service }}
