kubectl exec {{ pod_names.1 }} -- touch /var/ready
kubectl scale rs rs-{{ app }} --replicas=1
