kubectl apply -f svc-ext.yaml
echo curl {{ ext_a }}
echo "{{ service }}.default.svc.cluster.local canonical name = {{ ext_a }}." # nslookup {{ service }}
kubectl apply -f svc-ext-switched.yaml
