docker network ls
docker run -d -p 8081:8080 --name tomcat81 billygoo/tomcat8-jdk8
docker run -d -p 8082:8080 --name tomcat82 billygoo/tomcat8-jdk8
ip addr|tail -n 8
docker exec -it tomcat81 bash
ip addr
exit
docker inspect tomcat81
docker network inspect bridge
docker exec tomcat81 ping -c 2 172.17.0.3
docker network create tomcat_network
docker run -d --network tomcat_network --name tomcat91 billygoo/tomcat8-jdk8
docker run -d --network tomcat_network --name tomcat92 billygoo/tomcat8-jdk8
docker exec tomcat91 ping -c 2 tomcat92
docker exec tomcat91 ping -c 1 google.com
