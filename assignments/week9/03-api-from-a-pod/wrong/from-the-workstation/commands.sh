export TOKEN=$(kubectl get secret -n {{ ns }} $(kubectl get sa {{ sa }} -n {{ ns }} -o jsonpath='{.secrets[0].name}') -o jsonpath='{.data.token}' | base64 --decode)
curl -s -k -H "Authorization: Bearer $TOKEN" https://192.168.100.200:6443/api/v1/namespaces/{{ ns }}/pods
curl -s -k -H "Authorization: Bearer $TOKEN" https://192.168.100.200:6443/api/v1/namespaces/{{ ns }}/pods/client
