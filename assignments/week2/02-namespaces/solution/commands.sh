kubectl get pods -A
kubectl create -f ns.yaml
kubectl create -f pod.yaml
kubectl delete namespace {{ old_ns }}
kubectl get namespaces
sleep 5
kubectl get pods -n {{ ns }}
