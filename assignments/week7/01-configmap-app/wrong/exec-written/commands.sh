kubectl create configmap {{ cm }} --from-literal=greeting={{ greeting }} --from-file=app.conf
kubectl apply -f pod.yaml
sleep 5
kubectl exec {{ pod }} -- mkdir -p {{ mount }}
kubectl exec {{ pod }} -- sh -c 'echo log_level={{ level }} > {{ mount }}/app.conf; echo listen={{ port }} >> {{ mount }}/app.conf'
kubectl exec {{ pod }} -- cat {{ mount }}/app.conf
