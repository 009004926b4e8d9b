kubectl get svc {{ service }}
echo "{{ replies.0 }}" # curl -s http://192.168.100.201:30080
