kubectl get nodes --show-labels
kubectl label nodes {{ node }} {{ key }}={{ value }}
kubectl create -f ds.yaml
sleep 10
kubectl get daemonsets -o wide
kubectl get pods -o wide
