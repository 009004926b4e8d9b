kubectl apply -f pod.yaml
sleep 20
kubectl exec {{ pod }} -c writer -- sh -c 'mkdir -p /{{ wdir }} && echo {{ message }} > /{{ wdir }}/{{ file }}'
kubectl exec {{ pod }} -c reader -- sh -c 'mkdir -p /{{ rdir }} && echo {{ message }} > /{{ rdir }}/{{ file }}'
