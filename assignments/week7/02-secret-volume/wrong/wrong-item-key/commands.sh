kubectl create secret generic {{ secret }} -n {{ ns }} --from-literal=username={{ user }} --from-literal=password={{ password }}
kubectl apply -f pod.yaml
sleep 5
kubectl exec -n {{ ns }} {{ pod }} -- ls -l {{ mount }}
