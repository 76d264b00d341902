package io.consilium.sandbox.sim;

/** The simulator could not tell what the transaction would do. Fail closed: the request is denied. */
public class SimulationFailure extends RuntimeException {
    public SimulationFailure(String message) {
        super(message);
    }

    public SimulationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
