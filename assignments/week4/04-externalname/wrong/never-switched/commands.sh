kubectl apply -f svc-ext.yaml
kubectl get svc {{ service }}
kubectl exec -it {{ client }} -- nslookup {{ service }}
