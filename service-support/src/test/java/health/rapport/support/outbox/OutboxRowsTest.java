package health.rapport.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxRowsTest {

    @Test
    void numbersTheParametersRowByRow() {
        assertThat(OutboxRows.sql(1)).isEqualTo("insert into outbox_event (event_id, topic, record_key, event_type,"
                + " payload, created_at) values (?1, ?2, ?3, ?4, ?5, ?6)");
        assertThat(OutboxRows.sql(2)).endsWith("values (?1, ?2, ?3, ?4, ?5, ?6), (?7, ?8, ?9, ?10, ?11, ?12)");
    }

    @Test
    void aFullStatementStaysWithinPostgresParameterLimit() {
        assertThat(OutboxRows.ROWS_PER_STATEMENT * 6).isLessThanOrEqualTo(65_535);
        assertThat(OutboxRows.sql(OutboxRows.ROWS_PER_STATEMENT)).endsWith("?5999, ?6000)");
    }
}
