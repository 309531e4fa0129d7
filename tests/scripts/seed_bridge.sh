docker network ls
docker run -d -p 8081:8080 --name tomcat81 billygoo/tomcat8-jdk8
docker run -d -p 8082:8080 --name tomcat82 billygoo/tomcat8-jdk8
ip addr|tail -n 8
docker exec -it tomcat81 bash
ip addr
exit
docker inspect tomcat81
docker network inspect bridge
