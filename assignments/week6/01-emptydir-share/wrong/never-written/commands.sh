kubectl apply -f pod.yaml
sleep 20
kubectl exec {{ pod }} -c reader -- ls /{{ rdir }}
