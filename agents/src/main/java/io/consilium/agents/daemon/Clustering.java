package io.consilium.agents.daemon;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/** A plain Vert.x, or a clustered one on Hazelcast joined over TCP on loopback (multicast off, no phone-home). */
final class Clustering {
    private Clustering() {
    }

    static Vertx vertx(DaemonOptions opts) throws Exception {
        VertxOptions vo = new VertxOptions().setWorkerPoolSize(8);
        if (!opts.cluster()) {
            return Vertx.builder().with(vo).build();
        }
        String host = opts.clusterHost() == null ? "127.0.0.1" : opts.clusterHost();
        Config hz = ConfigUtil.loadConfig();
        // Separate clusters on one machine (tests, several daemons) by name; members join only their own.
        hz.setClusterName(System.getProperty("consilium.cluster.name", "consilium"));
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        NetworkConfig net = hz.getNetworkConfig();
        net.setPort(5701).setPortAutoIncrement(true).setPortCount(20);
        net.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(host);
        vo.getEventBusOptions().setHost(host).setPort(0);
        return Vertx.builder().with(vo).withClusterManager(new HazelcastClusterManager(hz)).buildClustered()
                .await(60, TimeUnit.SECONDS);
    }
}
