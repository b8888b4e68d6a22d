package io.freshet.sql.plan;

import static io.freshet.sql.plan.PlannerFixture.driver;
import static io.freshet.sql.plan.PlannerFixture.input;
import static io.freshet.sql.plan.PlannerFixture.keyedValues;
import static io.freshet.sql.plan.PlannerFixture.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * STREAM-STREAM [LEFT] JOIN ... WITHIN: orders (keyed by ORDER_ID) with payments (re-keyed from PAY_ID to
 * ORDER_ID), compared with a plain-Java nested loop over the same arrivals: a record joins every earlier record of
 * the other side with the same order id at most WITHIN apart; a LEFT join also writes an order that finds no
 * payment at once, with nulls (ksqlDB's behaviour without GRACE PERIOD).
 */
class StreamStreamJoinTopologyTest {

    private static final long WITHIN = 60_000;

    private final PlannerFixture fixture = new PlannerFixture();

    private record Event(boolean order, String id, String orderId, int value, long ts) {
    }

    private static List<Event> arrivals(long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        long ts = 1_000_000;
        for (int i = 0; i < 300; i++) {
            ts += 1 + random.nextInt(15_000);
            String orderId = "o" + random.nextInt(25);
            events.add(random.nextBoolean()
                    ? new Event(true, orderId, orderId, random.nextInt(100), ts)
                    : new Event(false, "p" + i, orderId, random.nextInt(100), ts));
        }
        return events;
    }

    private static List<String> oracle(List<Event> events, boolean left) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            int matches = 0;
            for (int j = 0; j < i; j++) {
                Event o = events.get(j);
                if (o.order() != e.order() && o.orderId().equals(e.orderId()) && e.ts() - o.ts() <= WITHIN) {
                    Event order = e.order() ? e : o;
                    Event payment = e.order() ? o : e;
                    out.add(row(order, payment));
                    matches++;
                }
            }
            if (left && e.order() && matches == 0) {
                out.add(row(e, null));
            }
        }
        return out;
    }

    private static String row(Event order, Event payment) {
        return order.orderId() + " {\"AMOUNT\":" + order.value() + ",\"PAY_ID\":"
                + (payment == null ? "null" : "\"" + payment.id() + "\"") + ",\"PAID\":"
                + (payment == null ? "null" : payment.value()) + "}";
    }

    @Test
    void shouldJoinRecordsWithinTheWindowLikeTheOracle() {
        String sql = "CREATE STREAM paid AS SELECT o.order_id, o.amount, p.pay_id, p.paid FROM orders o "
                + "JOIN payments p WITHIN 1 MINUTE ON o.order_id = p.order_id EMIT CHANGES;";
        List<Event> events = arrivals(7);
        List<String> expected = oracle(events, false);
        assertThat(expected).hasSizeGreaterThan(20);
        Topology topology = fixture.persistent(sql, "PAID");
        assertThat(topology.describe().toString()).contains("Join-this-join-store").contains("Join-other-join-store")
                .contains("topic: Join-right-repartition").doesNotContain("Join-left-repartition");
        assertThat(run(topology, events)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldWriteUnmatchedOrdersAtOnceWithLeftJoin() {
        String sql = "CREATE STREAM paid AS SELECT o.order_id, o.amount, p.pay_id, p.paid FROM orders o "
                + "LEFT JOIN payments p WITHIN 1 MINUTE ON o.order_id = p.order_id EMIT CHANGES;";
        List<Event> events = arrivals(8);
        List<String> expected = oracle(events, true);
        assertThat(expected).anyMatch(s -> s.contains("\"PAY_ID\":null"));
        assertThat(run(fixture.persistent(sql, "PAID"), events)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldKeyTheOutputByTheJoinColumn() {
        AnalyzedQuery analyzed = fixture.planner().analyzePersistent(query("CREATE STREAM paid AS SELECT "
                + "p.order_id, p.paid FROM orders o JOIN payments p WITHIN 1 HOUR ON o.order_id = p.order_id;"));
        assertThat(analyzed.outputSchema().key()).extracting(c -> c.name()).containsExactly("ORDER_ID");
        assertThat(analyzed.outputSchema().value()).extracting(c -> c.name()).containsExactly("PAID");
    }

    private static List<String> run(Topology topology, List<Event> events) {
        try (TopologyTestDriver driver = driver(topology)) {
            TestInputTopic<String, String> orders = input(driver, "orders");
            TestInputTopic<String, String> payments = input(driver, "payments");
            for (Event e : events) {
                if (e.order()) {
                    orders.pipeInput(e.id(), "{\"DEVICE\":\"d1\",\"AMOUNT\":" + e.value() + "}", e.ts());
                } else {
                    payments.pipeInput(e.id(), "{\"ORDER_ID\":\"" + e.orderId() + "\",\"PAID\":" + e.value() + "}",
                            e.ts());
                }
            }
            return keyedValues(driver, "PAID");
        }
    }
}
