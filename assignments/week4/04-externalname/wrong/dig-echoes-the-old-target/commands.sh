# Red team: only the switched Service is applied, so the name never resolved to the old
# target; dig is then given the old target as a second argument, which it echoes in its
# header ("; <<>> DiG ... <<>> <service> <old target>").
kubectl apply -f svc-ext-switched.yaml
kubectl exec -it {{ client }} -- nslookup {{ service }}
kubectl exec -it {{ client }} -- dig {{ service }}.default.svc.cluster.local {{ ext_a }}
