kubectl create -f ds.yaml
kubectl get daemonsets -o wide
