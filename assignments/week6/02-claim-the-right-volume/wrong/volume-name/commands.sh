kubectl get pv --show-labels
kubectl apply -f pvc.yaml
kubectl apply -f pod.yaml
sleep 20
kubectl get pvc {{ claim }}
kubectl exec {{ pod }} -- cat /data/token
