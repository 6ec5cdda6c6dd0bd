from nlp.result import Classification


def test_to_dict_is_the_json_contract():
    answer = Classification("grievance", "dispute", "矛盾纠纷", "normal", ("吵架", "隔壁"), 0.8)
    assert answer.to_dict() == {
        "kind": "grievance",
        "must_visit": "dispute",
        "category": "矛盾纠纷",
        "urgency": "normal",
        "keywords": ["吵架", "隔壁"],
        "confidence": 0.8,
    }
