kubectl apply -f svc-ext.yaml
kubectl get svc {{ service }}
kubectl exec -it {{ client }} -- nslookup {{ service }}
# Point the alias somewhere else; the client keeps using the same name.
kubectl apply -f svc-ext-switched.yaml
kubectl exec -it {{ client }} -- nslookup {{ service }}
kubectl delete pod {{ client }}
kubectl run {{ client }} --image=k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3 -- sleep 3600
