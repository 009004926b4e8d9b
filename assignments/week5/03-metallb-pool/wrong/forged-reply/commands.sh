# Red team: the EXTERNAL-IP and a greeting printed, nothing curled.
export POD=$(kubectl get pods -l app={{ app }} -o jsonpath='{.items[0].metadata.name}')
echo "{{ service }} LoadBalancer {{ lb_ip }}"
echo "You've hit $POD"
