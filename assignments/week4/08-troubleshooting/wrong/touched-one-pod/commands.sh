kubectl exec {{ pod_names.1 }} -- touch /var/ready
