kubectl label nodes {{ node }} {{ key }}={{ value }}
kubectl create -f ds.yaml
