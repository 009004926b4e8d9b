kubectl get pods -o wide --show-labels
kubectl get endpoints
kubectl describe service {{ api_svc }}
# The pods are 0/1: their readiness probe waits for /var/ready.
kubectl exec {{ pod_names.0 }} -- touch /var/ready
kubectl exec {{ pod_names.1 }} -- touch /var/ready
kubectl exec {{ pod_names.2 }} -- touch /var/ready
kubectl get endpoints
