# Red team: the right Ingress, and the reply printed instead of fetched; the curl only in a comment.
export POD=$(kubectl get pods -l app={{ api }} -o jsonpath='{.items[0].metadata.name}')
echo "You've hit $POD (Ver2.0)"
# curl -s http://192.168.100.201:30080{{ path_api }}
