kubectl label nodes worker1 {{ key }}={{ value }}
kubectl label nodes worker2 {{ key }}={{ value }}
kubectl create -f ds.yaml
