kubectl apply -f sts.yaml
kubectl rollout status statefulset {{ set }}
kubectl get persistentvolumeclaims
kubectl proxy &
curl -X POST -d "{{ secret }}" http://localhost:8001/api/v1/namespaces/default/pods/{{ set }}-1/proxy/
curl -s http://localhost:8001/api/v1/namespaces/default/pods/{{ set }}-1/proxy/
kubectl delete pod {{ set }}-1
kubectl rollout status statefulset {{ set }}
curl -s http://localhost:8001/api/v1/namespaces/default/pods/{{ set }}-1/proxy/
