docker run -dit --name a1 alpine
docker run -dit --name a2 alpine
docker exec a1 ping -c 2 a2
docker exec a1 ping -c 2 172.17.0.3
docker network create n1
docker run -dit --name b1 --network n1 alpine
docker exec b1 ping -c 1 -W 1 172.17.0.2
docker run -d --name web -p 8081:80 alpine httpd -f -p 80
docker exec a1 wget -qO- web
docker exec a1 wget -qO- 172.17.0.4
curl -s localhost:8081
