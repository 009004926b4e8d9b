kubectl create configmap {{ cm }} --from-literal=greeting={{ greeting }} --from-file=app.conf
kubectl apply -f pod.yaml
sleep 5
kubectl exec {{ pod }} -- printenv GREETING
kubectl exec {{ pod }} -- cat {{ mount }}/app.conf
