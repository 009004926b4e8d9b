kubectl apply -f pod.yaml
sleep 20
kubectl get pod {{ pod }}
kubectl exec {{ pod }} -c writer -- sh -c 'echo {{ message }} > /{{ wdir }}/{{ file }}'
kubectl exec {{ pod }} -c reader -- cat /{{ rdir }}/{{ file }}
